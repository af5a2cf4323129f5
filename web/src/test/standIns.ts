// Stand-ins for what jsdom lacks, shared by the tests of screens that chart or download: a Chart that
// keeps what each chart was given (there is no canvas) and downloads kept in lists (there are no
// files). A test file mocks the modules with them (vi.mock is hoisted, so it imports them itself):
//   vi.mock("chart.js", async () => (await import("../../test/standIns")).chartJs);
//   vi.mock("./download", async () => (await import("../../test/standIns")).downloads);
// and empties the lists before each test with `resetStandIns()`.
import { vi } from "vitest";

type Dataset = { label: string; data: number[] };
type ChartConfig = { type: string; data: { labels: string[]; datasets: Dataset[] } };

export const charts = { made: [] as { type: string; labels: string[]; datasets: Dataset[] }[] };
export const saved = { blobs: [] as { blob: Blob; name: string }[], urls: [] as string[] };

class Chart {
  static register = vi.fn();
  constructor(_canvas: unknown, config: ChartConfig) {
    charts.made.push({ type: config.type, labels: config.data.labels, datasets: config.data.datasets });
  }
  destroy() {
    return undefined;
  }
}

const part = (id: string) => ({ id });

export const chartJs = {
  Chart,
  BarController: part("bar"),
  BarElement: part("barElement"),
  CategoryScale: part("category"),
  Legend: part("legend"),
  LinearScale: part("linear"),
  LineController: part("line"),
  LineElement: part("lineElement"),
  PointElement: part("point"),
  Tooltip: part("tooltip"),
};

export const downloads = {
  saveBlob: (blob: Blob, name: string) => saved.blobs.push({ blob, name }),
  openFile: (url: string) => saved.urls.push(url),
};

export function resetStandIns(): void {
  charts.made.length = 0;
  saved.blobs.length = 0;
  saved.urls.length = 0;
}
