/*
 * The part of the WebAssembly API that converted-images.ts uses, as TypeScript's DOM library declares it (the project
 * takes ES2023 and Node's types, neither of which declares it): libwebp's module compiled once, an instance of it made
 * with the imports its Emscripten glue gives, and that instance's memory.
 */
declare namespace WebAssembly {
  type Imports = Record<string, Record<string, unknown>>;
  type Exports = Record<string, unknown>;
  /** A compiled module: opaque, but to make instances of. */
  type Module = object;
  interface Instance {
    readonly exports: Exports;
  }
  var Instance: { prototype: Instance; new (module: Module, importObject?: Imports): Instance };
  interface Memory {
    readonly buffer: ArrayBuffer;
  }
  var Memory: { prototype: Memory; new (descriptor: { initial: number; maximum?: number }): Memory };
  function compile(bytes: Uint8Array): Promise<Module>;
}
