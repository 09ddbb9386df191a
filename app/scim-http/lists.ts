// ListResponse bodies for the resource routes: paging options from the service config, and
// each resource projected with the query's attributes/excludedAttributes.
import { buildListResponse, projectAttributes, type JsonObject, type ListOptions, type ListQuery, type ResourceTypeDefinition } from "~/scim";
import { SCIM_SERVICE } from "./config";
import { scimJson } from "./responses";

export const LIST_OPTIONS: ListOptions = { maxResults: SCIM_SERVICE.filterMaxResults };

export function listResponse(
  result: { resources: JsonObject[]; totalResults: number; startIndex: number },
  query: ListQuery,
  rt: ResourceTypeDefinition,
): Response {
  const projection = { attributes: query.attributes, excludedAttributes: query.excludedAttributes };
  const resources = result.resources.map((r) => projectAttributes(r, rt, projection));
  return scimJson(buildListResponse({ resources, totalResults: result.totalResults, startIndex: result.startIndex }));
}
