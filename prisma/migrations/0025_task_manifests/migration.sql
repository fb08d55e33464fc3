-- CreateTable
CREATE TABLE "TaskManifest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "type" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "TaskManifestRevision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "manifestRef" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "createdBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TaskManifestRevision_manifestRef_fkey" FOREIGN KEY ("manifestRef") REFERENCES "TaskManifest" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "TaskManifest_type_key" ON "TaskManifest"("type");

-- CreateIndex
CREATE UNIQUE INDEX "TaskManifestRevision_manifestRef_revision_key" ON "TaskManifestRevision"("manifestRef", "revision");

