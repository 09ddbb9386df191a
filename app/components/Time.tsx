// A time as the merchant reads it. The server cannot know the browser's time zone, so the server
// render (and the hydration render) say UTC; after hydration the browser's local time replaces it.
import { useEffect, useState } from "react";

function utc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function relative(date: Date, now: number): string | null {
  const seconds = Math.round((now - date.getTime()) / 1000);
  if (seconds < -60) return null;
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return null;
}

export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

export function Time({ value, relativeIfRecent = false }: { value: string | null | undefined; relativeIfRecent?: boolean }) {
  const hydrated = useHydrated();
  if (!value) return <>—</>;
  const date = new Date(value);
  let text = utc(date);
  if (hydrated) {
    text = (relativeIfRecent && relative(date, Date.now())) || date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  }
  return (
    <time dateTime={value} title={utc(date)}>
      {text}
    </time>
  );
}
