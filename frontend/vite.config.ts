import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The build goes straight into the Go package that embeds it (go:embed cannot
// reach outside its package folder): server/web/dist/app, gitignored.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: '../server/web/dist/app',
    emptyOutDir: true,
    target: 'es2022',
    // No modulepreload of lazy chunks: ECharts must stay off the critical path.
    modulePreload: { resolveDependencies: () => [] },
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: { '/graphql': 'http://127.0.0.1:8080' },
  },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
  },
});
