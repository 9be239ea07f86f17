import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, type SqlDriverAdapter, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

// Prisma's migration engine, compiled to WebAssembly. The Prisma CLI would download a native
// binary, which these machines cannot; the WebAssembly build talks to the database through the
// same driver adapters the app uses, so it works for PGlite and PostgreSQL alike.
//
// The package's entry point imports the .wasm file as an ES module, which Node 20 rejects, so the
// module is instantiated here by hand with the JS glue as its import object.

type WasmGlue = typeof import("@prisma/schema-engine-wasm/schema_engine_bg") & {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
};

const GLUE: string = "@prisma/schema-engine-wasm/schema_engine_bg";
let glue: Promise<WasmGlue> | undefined;

function loadGlue(): Promise<WasmGlue> {
  glue ??= (async () => {
    // Resolved from the project root at run time (the server bundle has no module paths of its
    // own); the package exports its JS glue but not the .wasm beside it.
    const require = createRequire(path.join(process.cwd(), "package.json"));
    const gluePath = require.resolve(GLUE);
    const wasmPath = path.join(path.dirname(gluePath), "schema_engine_bg.wasm");
    const wasmGlue = (await import(GLUE)) as WasmGlue;
    const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {
      "./schema_engine_bg.js": wasmGlue as unknown as WebAssembly.ModuleImports,
    });
    wasmGlue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return wasmGlue;
  })();
  return glue;
}

export async function withSchemaEngine<T>(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  schema: { path: string; content: string },
  run: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadGlue();
  const engine = await SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(wholeScripts(adapterFactory)),
  );
  try {
    return await run(engine);
  } finally {
    engine.free();
  }
}

/**
 * Prisma's pg adapter runs a migration script by splitting it on every ";", which cuts apart a
 * function body ($$ … $$, e.g. a trigger's). PostgreSQL takes a whole script as one simple query
 * (run as one implicit transaction), so scripts are sent whole. PGlite's adapter already does.
 */
function wholeScripts(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  if (!(factory instanceof PrismaPg)) return factory;
  const whole = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    const pg = adapter as unknown as { client: { query(text: string): Promise<unknown> }; onError(error: unknown): never };
    adapter.executeScript = async (script: string) => {
      try {
        await pg.client.query(script);
      } catch (error) {
        pg.onError(error);
      }
    };
    return adapter;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => whole(await factory.connect()),
    connectToShadowDb: async () => whole(await factory.connectToShadowDb()),
  };
}
