-- CreateTable
CREATE TABLE "NamespaceAllowance" (
    "id" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "allowed" TEXT NOT NULL,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NamespaceAllowance_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "NamespaceAllowance_namespace_allowed_key" ON "NamespaceAllowance"("namespace", "allowed");

