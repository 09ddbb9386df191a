import prisma from "~/db.server";

// Liveness and readiness in one: answers 200 only when the database answers.
export async function loader() {
  await prisma.shop.count();
  return Response.json({ ok: true });
}
