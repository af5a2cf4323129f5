import type { ChartConfiguration, ChartDataset, ChartType } from "chart.js";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { localeFor, useI18n } from "../../i18n";
import { useMessages } from "../messages";
import { messages } from "./messages";

export type ChartKind = "line" | "bar";

export interface Series {
  label: string;
  values: number[];
  /** At least 3:1 against white; series also differ by more than colour (dashes, point shapes). */
  color: string;
  dashed?: boolean;
}

function reducedMotion(): boolean {
  return typeof window.matchMedia === "function" && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
}

function configFor(kind: ChartKind, labels: string[], series: Series[], locale: string): ChartConfiguration {
  const datasets = series.map(
    (s, i): ChartDataset<ChartType, number[]> => ({
      label: s.label,
      data: s.values,
      borderColor: s.color,
      backgroundColor: s.color,
      ...(kind === "line"
        ? { borderDash: s.dashed ? [6, 4] : [], pointStyle: i === 0 ? "circle" : "rectRot", pointRadius: 3, tension: 0 }
        : {}),
    }),
  );
  return {
    type: kind,
    data: { labels, datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      locale,
      ...(reducedMotion() ? { animation: false } : {}),
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: "bottom", labels: { usePointStyle: kind === "line" } } },
    },
  };
}

/** A chart and the same figures as a table: the canvas is hidden from screen readers, which read the
 * table; sighted people may switch to the table too. */
export function ChartFigure(props: {
  kind: ChartKind;
  title: string;
  /** The heading of the table's first column (what each label is: a day, a network). */
  category: string;
  labels: string[];
  series: Series[];
  format: (value: number) => string;
}) {
  const m = useMessages(messages);
  const { lang } = useI18n();
  const captionId = useId();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [asTable, setAsTable] = useState(false);
  const { kind, labels, series } = props;
  const config = useMemo(() => configFor(kind, labels, series, localeFor(lang)), [kind, labels, series, lang]);

  // Chart.js arrives after the page (the figures are in the table meanwhile); if it cannot be
  // loaded, the table is shown instead of an empty canvas.
  useEffect(() => {
    const node = canvas.current;
    if (!node || asTable) return undefined;
    let destroy: (() => void) | undefined;
    let gone = false;
    import("./draw").then(
      ({ draw }) => {
        if (!gone) destroy = draw(node, kind, config);
      },
      () => {
        if (!gone) setAsTable(true);
      },
    );
    return () => {
      gone = true;
      destroy?.();
    };
  }, [kind, config, asTable]);

  return (
    <figure className="chart card" aria-labelledby={captionId}>
      <figcaption className="chart-head">
        <h2 id={captionId}>{props.title}</h2>
        <button
          type="button"
          className="button secondary"
          aria-label={`${m("asTable")}: ${props.title}`}
          aria-pressed={asTable}
          onClick={() => setAsTable(!asTable)}
        >
          {m("asTable")}
        </button>
      </figcaption>
      {asTable ? null : (
        <div className="chart-canvas">
          <canvas ref={canvas} aria-hidden="true" />
        </div>
      )}
      <div className={asTable ? "chart-table" : "visually-hidden"}>
        <table className="table">
          <caption className="visually-hidden">{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">{props.category}</th>
              {series.map((s) => (
                <th scope="col" className="num" key={s.label}>
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((label, row) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {series.map((s) => (
                  <td className="num" key={s.label}>
                    {props.format(s.values[row] ?? 0)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
