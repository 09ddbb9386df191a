import { GraphQLError, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { rubyParseError } from "./parse-errors";
import { rubyValidationErrors } from "./ruby-errors";
import { adminSchema } from "./schema";

const schema = adminSchema().schema;

function errorsOf(query: string) {
  return rubyValidationErrors(schema, parse(query));
}

function parseErrorOf(query: string) {
  try {
    parse(query);
  } catch (error) {
    return rubyParseError(error as GraphQLError);
  }
  throw new Error("expected a parse error");
}

describe("graphql-ruby wording", () => {
  it("rewrites parse errors", () => {
    expect(parseErrorOf(`{ shop(id: ) { name } }`)).toEqual({ message: `Parse error on ")" (RPAREN) at [1, 12]`, locations: [{ line: 1, column: 12 }] });
    expect(parseErrorOf(`{ shop { name } } extra`).message).toBe(`Parse error on "extra" (IDENTIFIER) at [1, 19]`);
    expect(parseErrorOf(`{ shop { name } } on`).message).toBe(`Parse error on "on" (ON) at [1, 19]`);
    expect(parseErrorOf(`{ shop { name }`)).toEqual({ message: "Unexpected end of document", locations: [] });
    expect(parseErrorOf(`{ shop { na%me } }`).message).toBe(`Parse error on "%" (UNKNOWN_CHAR) at [1, 12]`);
  });

  it("rewrites variable declaration problems", () => {
    expect(errorsOf(`query Q($unused: ID) { shop { name } }`)).toEqual([
      { message: "Variable $unused is declared by Q but not used", locations: [{ line: 1, column: 1 }], path: ["query Q"], extensions: { code: "variableNotUsed", variableName: "unused" } },
    ]);
    expect(errorsOf(`{ customer(id: $id) { id } }`)).toEqual([
      expect.objectContaining({ message: "Variable $id is used by anonymous query but not declared", extensions: { code: "variableNotDefined", variableName: "id" } }),
    ]);
    expect(errorsOf(`query($x: Nope) { customer(id: $x) { id } }`)[0]).toMatchObject({
      message: "Nope isn't a defined input type (on $x)",
      extensions: { code: "variableRequiresValidType", typeName: "Nope", variableName: "x" },
    });
  });

  it("rewrites input object problems", () => {
    expect(errorsOf(`mutation { customerDelete(input: {}) { deletedCustomerId } }`)).toEqual([
      {
        message: "Argument 'id' on InputObject 'CustomerDeleteInput' is required. Expected type ID!",
        locations: [{ line: 1, column: 34 }],
        path: ["mutation", "customerDelete", "input", "id"],
        extensions: { code: "missingRequiredInputObjectAttribute", argumentName: "id", argumentType: "ID!", inputObjectType: "CustomerDeleteInput" },
      },
    ]);
    expect(errorsOf(`mutation { customerCreate(input: { emial: "a@b.co" }) { userErrors { message } } }`)[0]).toMatchObject({
      message: "InputObject 'CustomerInput' doesn't accept argument 'emial'",
      path: ["mutation", "customerCreate", "input", "emial"],
      extensions: { code: "argumentNotAccepted", name: "CustomerInput", typeName: "InputObject", argumentName: "emial" },
    });
    expect(errorsOf(`{ customers(first: "ten") { nodes { id } } }`)[0]).toMatchObject({
      message: `Argument 'first' on Field 'customers' has an invalid value ("ten"). Expected type 'Int'.`,
      locations: [{ line: 1, column: 3 }],
      extensions: { code: "argumentLiteralsIncompatible", typeName: "Field", argumentName: "first" },
    });
  });

  it("rewrites fragment and directive problems", () => {
    expect(errorsOf(`{ shop { ... on Nope { id } } }`)[0]).toMatchObject({ message: "No such type Nope, so it can't be a fragment condition", extensions: { code: "undefinedType" } });
    expect(errorsOf(`{ shop { ...Missing } }`)[0]).toMatchObject({ message: "Fragment Missing was used, but not defined" });
    expect(errorsOf(`{ shop { name @nope } }`)[0]).toMatchObject({ message: "Directive @nope is not defined", extensions: { code: "undefinedDirective", directiveName: "nope" } });
    expect(errorsOf(`{ shop { name } } { shop { id } }`)[0]).toMatchObject({ message: "Operation name is required when multiple operations are present" });
  });

  it("finds nothing wrong with a valid document", () => {
    expect(errorsOf(`query Q($id: ID!) { customer(id: $id) { id tags } }`)).toEqual([]);
  });
});
