// The only module that imports ECharts. It is loaded with a dynamic import
// (components/Chart.tsx), so the chart code is its own chunk, off the
// critical path; echarts/core with the charts actually used keeps it small.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, TitleComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, TitleComponent, CanvasRenderer]);

export { echarts };
