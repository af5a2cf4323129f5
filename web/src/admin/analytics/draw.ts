import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import type { ChartKind } from "./Chart";

/** Only what each kind of chart draws is registered, so the chunk carries no other chart type. */
const PARTS: Record<ChartKind, Parameters<typeof Chart.register>> = {
  line: [LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip],
  bar: [BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip],
};

/** Draws `config` on `canvas`; returns what takes the chart down again. Chart.js (most of the
 * analytics screen's weight) is in this module alone, so the screen loads it on demand. */
export function draw(canvas: HTMLCanvasElement, kind: ChartKind, config: ChartConfiguration): () => void {
  Chart.register(...PARTS[kind]);
  const chart = new Chart(canvas, config);
  return () => chart.destroy();
}
