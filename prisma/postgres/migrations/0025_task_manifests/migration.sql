-- CreateTable
CREATE TABLE "TaskManifest" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TaskManifest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TaskManifestRevision" (
    "id" TEXT NOT NULL,
    "manifestRef" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TaskManifestRevision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TaskManifest_type_key" ON "TaskManifest"("type");

-- CreateIndex
CREATE UNIQUE INDEX "TaskManifestRevision_manifestRef_revision_key" ON "TaskManifestRevision"("manifestRef", "revision");

-- AddForeignKey
ALTER TABLE "TaskManifestRevision" ADD CONSTRAINT "TaskManifestRevision_manifestRef_fkey" FOREIGN KEY ("manifestRef") REFERENCES "TaskManifest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

