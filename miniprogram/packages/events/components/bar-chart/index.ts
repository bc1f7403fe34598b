/**
 * Counts per label as columns, drawn by uCharts on a 2d canvas (as `trend-chart` draws its lines).
 * Where there is no canvas (the page tests' simulator) nothing is drawn; the page lists the numbers
 * beside the chart either way.
 */
import { drawCanvasChart } from '../../../../utils/canvas-chart';

export interface BarSeries {
  labels: string[];
  counts: number[];
}

Component({
  properties: {
    series: { type: Object, value: null as BarSeries | null },
  },
  observers: {
    series(series: BarSeries | null) {
      if (series) this.draw(series);
    },
  },
  methods: {
    draw(series: BarSeries) {
      drawCanvasChart(this, {
        type: 'column',
        categories: series.labels,
        series: [{ name: '人数', data: series.counts, color: '#0052d9' }],
        dataLabel: true,
        xAxis: { disableGrid: true, fontSize: 10 },
        yAxis: { data: [{ min: 0 }], splitNumber: 4 },
        legend: { show: false },
        extra: { column: { width: 20 } },
      });
    },
  },
});
