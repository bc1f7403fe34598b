/**
 * A figure's last 12 months as a line against its target, drawn by uCharts on a 2d canvas. Where
 * there is no canvas to draw on (the page tests' simulator), the data is still computed and the
 * page shows the numbers beside it.
 */
import { drawCanvasChart } from '../../utils/canvas-chart';

export interface TrendSeries {
  /** `12月`, one per month. */
  categories: string[];
  /** Percent per month; null where the month has no report. */
  values: (number | null)[];
  /** The target in percent, drawn as a dashed line. */
  target: number;
}

Component({
  properties: {
    series: { type: Object, value: null as TrendSeries | null },
  },
  data: { drawn: false },
  observers: {
    series(series: TrendSeries | null) {
      if (series) this.draw(series);
    },
  },
  lifetimes: {
    ready() {
      const series = this.data.series as TrendSeries | null;
      if (series) this.draw(series);
    },
  },
  methods: {
    draw(series: TrendSeries) {
      drawCanvasChart(
        this,
        {
          type: 'line',
          categories: series.categories,
          series: [
            { name: '实际', data: series.values, color: '#0052d9' },
            { name: `目标 ${series.target}%`, data: series.categories.map(() => series.target), color: '#2ba471', lineType: 'dash', dataPointShape: false },
          ],
          dataLabel: false,
          xAxis: { disableGrid: true, fontSize: 10 },
          yAxis: { data: [{ min: 0, max: 100 }], splitNumber: 4 },
          legend: { show: true, fontSize: 11 },
          extra: { line: { type: 'straight', width: 2 } },
        },
        () => this.setData({ drawn: true }),
      );
    },
  },
});
