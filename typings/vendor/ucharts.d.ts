/** The part of uCharts (`@qiun/ucharts`, which ships no types) the trend chart uses. */
declare module '@qiun/ucharts' {
  export interface UChartsOptions {
    type: 'line' | 'column' | 'ring' | 'bar';
    context: unknown;
    width: number;
    height: number;
    pixelRatio?: number;
    categories?: string[];
    series: { name: string; data: (number | null)[]; color?: string; lineType?: 'solid' | 'dash'; [option: string]: unknown }[];
    animation?: boolean;
    background?: string;
    padding?: number[];
    fontSize?: number;
    dataLabel?: boolean;
    dataPointShape?: boolean;
    legend?: Record<string, unknown>;
    xAxis?: Record<string, unknown>;
    yAxis?: Record<string, unknown>;
    extra?: Record<string, unknown>;
    color?: string[];
  }
  export default class UCharts {
    constructor(options: UChartsOptions);
    updateData(data: Partial<UChartsOptions>): void;
  }
}
