import {
  GraphQLError,
  Kind,
  parse,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import type { GraphqlErrorBody } from "./error-body";
import { rubyParseError } from "./parse-errors";
import { rubyValidationErrors } from "./ruby-errors";

// Parsing and validating against the 3.5k-type Admin schema costs about a millisecond; apps send
// the same few documents over and over, so both outcomes (valid or not) are cached by query text.

export type PreparedDocument =
  | { valid: false; errors: GraphqlErrorBody[] }
  | {
      valid: true;
      document: DocumentNode;
      operations: OperationDefinitionNode[];
      fragments: Record<string, FragmentDefinitionNode>;
    };

const DEFAULT_CAPACITY = 500;

export class DocumentCache {
  private readonly entries = new Map<string, PreparedDocument>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  get(query: string): PreparedDocument {
    const cached = this.entries.get(query);
    if (cached) {
      // Map iteration order is insertion order: re-inserting marks the entry most recently used.
      this.entries.delete(query);
      this.entries.set(query, cached);
      return cached;
    }
    const prepared = this.prepare(query);
    this.entries.set(query, prepared);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return prepared;
  }

  private prepare(query: string): PreparedDocument {
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      if (error instanceof GraphQLError) return { valid: false, errors: [rubyParseError(error)] };
      throw error;
    }
    const errors = rubyValidationErrors(this.schema, document);
    if (errors.length > 0) return { valid: false, errors };
    const operations: OperationDefinitionNode[] = [];
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const definition of document.definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
    }
    return { valid: true, document, operations, fragments };
  }
}
