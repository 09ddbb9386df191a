// A list page's Polaris Filters bar kept in the URL, so a filtered view survives a reload and can
// be linked to: each filter is a URL parameter, the search box writes `q` a moment after the
// merchant stops typing, and any change starts again from the first page. Used by the people list
// and the sync log.
import { useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";

const SEARCH_DELAY_MS = 300;

/** `appliedQuery` is the `q` the loader applied; the search box starts from it. */
export function useUrlFilters(appliedQuery: string) {
  const [searchParams, setSearchParams] = useSearchParams();
  const navigation = useNavigation();
  const location = useLocation();
  const [queryValue, setQueryValue] = useState(appliedQuery);
  // This page reloading for a filter, search or page change; not the merchant leaving for another page.
  const loading = navigation.state === "loading" && navigation.location.pathname === location.pathname;

  /** Replaces the history entry and keeps the scroll: a filter change is not a new page. */
  const update = useCallback(
    (change: (params: URLSearchParams) => void) => {
      const next = new URLSearchParams(searchParams);
      change(next);
      next.delete("after");
      next.delete("before");
      setSearchParams(next, { replace: true, preventScrollReset: true });
    },
    [searchParams, setSearchParams],
  );

  // Search as the merchant types, a moment after they stop.
  const navigationRef = useRef(navigation.state);
  navigationRef.current = navigation.state;
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const timer = setTimeout(() => {
      // Not while the merchant is already leaving for another page.
      if (navigationRef.current !== "idle") return;
      if (queryValue.trim() !== appliedQuery) update((p) => (queryValue.trim() ? p.set("q", queryValue.trim()) : p.delete("q")));
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queryValue]);

  /** A filter that takes several values: `key` repeated once per value. */
  const setList = (key: string, values: string[]) =>
    update((p) => {
      p.delete(key);
      for (const value of values) p.append(key, value);
    });

  /** A filter that takes one value; none (or "") removes it. */
  const setSingle = (key: string, value: string | undefined) => update((p) => (value ? p.set(key, value) : p.delete(key)));

  /** The search box and Clear all of Polaris Filters; the page adds its own filters. */
  const filtersProps = {
    queryValue,
    onQueryChange: setQueryValue,
    onQueryClear: () => setQueryValue(""),
    onClearAll: () => {
      setQueryValue("");
      setSearchParams(new URLSearchParams(), { replace: true });
    },
    loading,
  };

  /** Paging is a new history entry and scrolls to the top, as a new page does. */
  const goPage = (key: "after" | "before", cursor: string) => {
    const next = new URLSearchParams(searchParams);
    next.delete("after");
    next.delete("before");
    next.set(key, cursor);
    setSearchParams(next);
  };

  /** IndexTable's pagination over a page of rows with the loader's keyset cursors. */
  const pagination = (page: { next: string | null; previous: string | null }) => ({
    hasNext: !!page.next,
    hasPrevious: !!page.previous,
    onNext: () => page.next && goPage("after", page.next),
    onPrevious: () => page.previous && goPage("before", page.previous),
  });

  return { filtersProps, loading, update, setList, setSingle, pagination };
}
