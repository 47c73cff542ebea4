import type { CodegenConfig } from '@graphql-codegen/cli';

// `make frontend-codegen` writes src/api/generated.ts from the Go server's
// schema and the operations of every src/**/operations*.ts (one file per
// feature). CODEGEN_OUT lets the drift check write elsewhere and compare.
const config: CodegenConfig = {
  schema: '../graph/*.graphqls',
  documents: ['src/**/operations*.ts'],
  generates: {
    [process.env.CODEGEN_OUT ?? 'src/api/generated.ts']: {
      plugins: ['typescript-operations'],
      config: {
        scalars: { JSON: 'unknown', Time: 'string', ID: 'string' },
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: false },
        skipTypename: true,
        useTypeImports: true,
      },
    },
  },
  silent: true,
};
export default config;
