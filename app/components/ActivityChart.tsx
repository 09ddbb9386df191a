// Provisioning activity per day as a small stacked bar chart (SVG), with the same numbers in a
// table for screen readers. Delivered, failed and other (queued, retrying, cancelled) per day.
import { BlockStack, InlineStack, Text } from "@shopify/polaris";

export interface DayActivity {
  day: string;
  delivered: number;
  failed: number;
  other: number;
}

const COLORS = { delivered: "#29845a", failed: "#c70a24", other: "#8a8a8a" };
const HEIGHT = 120;
const BAR_GAP = 4;

function shortDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return date.toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
}

export function ActivityChart({ days, title }: { days: DayActivity[]; title: string }) {
  const totals = days.map((d) => d.delivered + d.failed + d.other);
  const max = Math.max(1, ...totals);
  const sum = totals.reduce((a, b) => a + b, 0);
  const barWidth = 100 / days.length;
  const summary = `${title}: ${sum} events in ${days.length} days; busiest day ${Math.max(0, ...totals)} events.`;
  return (
    <BlockStack gap="200">
      <svg viewBox={`0 0 100 ${HEIGHT}`} preserveAspectRatio="none" width="100%" height={HEIGHT} role="img" aria-label={summary} style={{ display: "block" }}>
        {days.map((d, i) => {
          const x = i * barWidth + BAR_GAP / 8;
          const w = barWidth - BAR_GAP / 4;
          let y = HEIGHT;
          return (
            <g key={d.day}>
              <title>{`${shortDay(d.day)}: ${d.delivered} delivered, ${d.failed} failed, ${d.other} other`}</title>
              {(["delivered", "failed", "other"] as const).map((part) => {
                const h = (d[part] / max) * (HEIGHT - 4);
                y -= h;
                return h > 0 ? <rect key={part} x={x} y={y} width={w} height={h} fill={COLORS[part]} /> : null;
              })}
              {totals[i] === 0 ? <rect x={x} y={HEIGHT - 1} width={w} height={1} fill="#e3e3e3" /> : null}
            </g>
          );
        })}
      </svg>
      <InlineStack align="space-between">
        <Text as="span" variant="bodySm" tone="subdued">
          {shortDay(days[0]!.day)}
        </Text>
        <Text as="span" variant="bodySm" tone="subdued">
          {shortDay(days.at(-1)!.day)}
        </Text>
      </InlineStack>
      <InlineStack gap="300" wrap>
        {(["delivered", "failed", "other"] as const).map((part) => (
          <InlineStack key={part} gap="100" blockAlign="center" wrap={false}>
            <span aria-hidden style={{ display: "inline-block", width: 10, height: 10, borderRadius: 2, background: COLORS[part] }} />
            <Text as="span" variant="bodySm">
              {part === "other" ? "Queued or cancelled" : part[0]!.toUpperCase() + part.slice(1)}
            </Text>
          </InlineStack>
        ))}
      </InlineStack>
      <div style={{ position: "absolute", width: 1, height: 1, overflow: "hidden", clip: "rect(0 0 0 0)", whiteSpace: "nowrap" }}>
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">Day (UTC)</th>
              <th scope="col">Delivered</th>
              <th scope="col">Failed</th>
              <th scope="col">Queued or cancelled</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}>
                <th scope="row">{d.day}</th>
                <td>{d.delivered}</td>
                <td>{d.failed}</td>
                <td>{d.other}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </BlockStack>
  );
}
