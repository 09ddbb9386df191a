// A read-only value the merchant copies into their identity provider, with a Copy button.
import { useAppBridge } from "@shopify/app-bridge-react";
import { Button, TextField } from "@shopify/polaris";
import { useCallback, useId } from "react";

export function CopyField({ label, value, helpText, monospaced = true }: { label: string; value: string; helpText?: string; monospaced?: boolean }) {
  const shopify = useAppBridge();
  const describedBy = useId();
  const copy = useCallback(async () => {
    try {
      await navigator.clipboard.writeText(value);
      shopify.toast.show(`${label} copied`);
    } catch {
      shopify.toast.show(`Select the ${label.toLowerCase()} and copy it`, { isError: true });
    }
  }, [label, shopify, value]);
  return (
    <>
      <TextField
        label={label}
        value={value}
        readOnly
        autoComplete="off"
        monospaced={monospaced}
        helpText={helpText}
        onFocus={(event) => (event?.target as HTMLInputElement | undefined)?.select?.()}
        connectedRight={
          <Button onClick={copy} ariaDescribedBy={describedBy}>
            Copy
          </Button>
        }
      />
      <span id={describedBy} hidden>
        {label}
      </span>
    </>
  );
}
