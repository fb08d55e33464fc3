-- CreateTable
CREATE TABLE "NamespaceAllowance" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "namespace" TEXT NOT NULL,
    "allowed" TEXT NOT NULL,
    "createdBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "NamespaceAllowance_namespace_allowed_key" ON "NamespaceAllowance"("namespace", "allowed");

