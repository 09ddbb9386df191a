// No import cycles anywhere in app/: a module never reaches itself through its imports, type-only
// imports included (a cycle of types still ties two modules into one). dpdm reads the TypeScript
// imports (with the ~/ paths of tsconfig.json), dynamic import() included. On a failure the
// message lists each cycle, module by module.
import { parseCircular, parseDependencyTree } from "dpdm";
import { expect, it } from "vitest";

it("app/ has no import cycles", async () => {
  const tree = await parseDependencyTree(["app/**/*.ts", "app/**/*.tsx"], {
    context: process.cwd(),
    tsconfig: "tsconfig.json",
    transform: false,
  });
  const cycles = parseCircular(tree).map((cycle) => [...cycle, cycle[0]].join(" -> "));
  expect(cycles).toEqual([]);
}, 60_000);
