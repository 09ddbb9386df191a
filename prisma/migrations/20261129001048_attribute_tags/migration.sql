-- AlterTable
ALTER TABLE "ScimUser" ADD COLUMN "attributeTags" JSONB;

