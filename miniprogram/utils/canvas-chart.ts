/**
 * Draws a uCharts chart on a component's 2d canvas (`#canvas`) at the screen's pixel ratio, with
 * the look every chart of the product shares; `options` adds the chart's type, data and axes. Where
 * there is no canvas (the page tests' simulator) nothing is drawn and `drawn` is not called.
 */
import UCharts, { type UChartsOptions } from '@qiun/ucharts';

interface CanvasNode {
  width: number;
  height: number;
  getContext(kind: '2d'): unknown;
}

export function drawCanvasChart(component: WechatMiniprogram.Component.TrivialInstance, options: Omit<UChartsOptions, 'context' | 'width' | 'height'>, drawn?: () => void): void {
  component
    .createSelectorQuery()
    .select('#canvas')
    .fields({ node: true, size: true })
    .exec(([found]: [{ node?: CanvasNode; width: number; height: number } | null]) => {
      const node = found?.node;
      if (!node || !found.width) return;
      const ratio = wx.getWindowInfo().pixelRatio || 2;
      node.width = found.width * ratio;
      node.height = found.height * ratio;
      new UCharts({
        context: node.getContext('2d'),
        width: found.width * ratio,
        height: found.height * ratio,
        pixelRatio: ratio,
        animation: false,
        background: '#FFFFFF',
        fontSize: 11,
        padding: [12, 12, 4, 4],
        ...options,
      });
      drawn?.();
    });
}
