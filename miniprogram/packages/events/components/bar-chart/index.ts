/**
 * Counts per label as columns, drawn by uCharts on a 2d canvas (as `trend-chart` draws its lines).
 * Where there is no canvas (the page tests' simulator) nothing is drawn; the page lists the numbers
 * beside the chart either way.
 */
import UCharts from '@qiun/ucharts';

export interface BarSeries {
  labels: string[];
  counts: number[];
}

interface CanvasNode {
  width: number;
  height: number;
  getContext(kind: '2d'): unknown;
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
      this.createSelectorQuery()
        .select('#canvas')
        .fields({ node: true, size: true })
        .exec(([found]: [{ node?: CanvasNode; width: number; height: number } | null]) => {
          const node = found?.node;
          if (!node || !found.width) return;
          const ratio = wx.getWindowInfo().pixelRatio || 2;
          node.width = found.width * ratio;
          node.height = found.height * ratio;
          new UCharts({
            type: 'column',
            context: node.getContext('2d'),
            width: found.width * ratio,
            height: found.height * ratio,
            pixelRatio: ratio,
            animation: false,
            background: '#FFFFFF',
            fontSize: 11,
            padding: [12, 12, 4, 4],
            categories: series.labels,
            series: [{ name: '人数', data: series.counts, color: '#0052d9' }],
            dataLabel: true,
            xAxis: { disableGrid: true, fontSize: 10 },
            yAxis: { data: [{ min: 0 }], splitNumber: 4 },
            legend: { show: false },
            extra: { column: { width: 20 } },
          });
        });
    },
  },
});
