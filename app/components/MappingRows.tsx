// The Settings page's editable "name → SCIM attribute" rows: metafields (key → path) and tag
// rules (prefix → path). One row: the left field, the SCIM path, and Remove; errors by row.
import { BlockStack, Box, Button, InlineGrid, InlineStack, Text, TextField, type InlineGridProps } from "@shopify/polaris";

export interface MappingRowsProps<Left extends string> {
  /** "Metafield", "Tag rule": names the fields for screen readers ("Metafield 2 key"). */
  rowName: string;
  /** The left column: its form key, heading and per-row field name. */
  left: { key: Left; heading: string; fieldName: string; placeholder?: string; maxLength?: number; helpText?: (row: Record<Left | "path", string>) => string | undefined };
  rows: Array<Record<Left | "path", string>>;
  /** Error messages by form path; this list's entries are `${errorPrefix}.${index}.${part}`. */
  errors: Record<string, string>;
  errorPrefix: string;
  empty?: string;
  onChange: (index: number, part: Left | "path", value: string) => void;
  onRemove: (index: number) => void;
}

const COLUMNS: InlineGridProps["columns"] = { xs: 1, sm: ["oneThird", "twoThirds"] };

export function MappingRows<Left extends string>({ rowName, left, rows, errors, errorPrefix, empty, onChange, onRemove }: MappingRowsProps<Left>) {
  return (
    <BlockStack gap="300">
      {rows.length > 0 ? (
        <InlineGrid columns={COLUMNS} gap="200">
          <Text as="span" variant="bodySm" fontWeight="semibold">
            {left.heading}
          </Text>
          <Text as="span" variant="bodySm" fontWeight="semibold">
            SCIM attribute
          </Text>
        </InlineGrid>
      ) : empty ? (
        <Text as="p" variant="bodySm" tone="subdued">
          {empty}
        </Text>
      ) : null}
      {rows.map((row, index) => (
        <InlineGrid key={index} columns={COLUMNS} gap="200">
          <TextField
            label={`${rowName} ${index + 1} ${left.fieldName}`}
            labelHidden
            value={row[left.key]}
            onChange={(value) => onChange(index, left.key, value)}
            autoComplete="off"
            monospaced
            maxLength={left.maxLength}
            placeholder={left.placeholder}
            error={errors[`${errorPrefix}.${index}.${left.key}`]}
            helpText={left.helpText?.(row)}
          />
          <InlineStack gap="200" wrap={false} blockAlign="start">
            <Box width="100%">
              <TextField
                label={`${rowName} ${index + 1} SCIM attribute`}
                labelHidden
                value={row.path}
                onChange={(value) => onChange(index, "path", value)}
                autoComplete="off"
                monospaced
                error={errors[`${errorPrefix}.${index}.path`]}
              />
            </Box>
            <Button accessibilityLabel={`Remove ${rowName.toLowerCase()} ${row[left.key] || index + 1}`} onClick={() => onRemove(index)}>
              Remove
            </Button>
          </InlineStack>
        </InlineGrid>
      ))}
      {errors[errorPrefix] ? (
        <Text as="p" tone="critical">
          {errors[errorPrefix]}
        </Text>
      ) : null}
    </BlockStack>
  );
}
