"use strict";
/**
 * The TypeScript language-service plugin, as tsserver loads plugins: require() of a CommonJS
 * module (the preset tsconfig names it: "plugins": [{ "name": "tsc2envoy/language-service" }]).
 * The plugin is the ES module dist/compiler/editor/plugin.js: loaded with require() where Node
 * can (20.19+, 22.12+), else imported in the background, after which tsserver is asked to
 * recompute diagnostics. Nothing here may throw into tsserver.
 */
const PLUGIN = "../dist/compiler/editor/plugin.js";

function init(modules) {
  const typescript = modules.typescript;
  let plugin;
  let loading;
  try {
    plugin = require(PLUGIN);
  } catch (error) {
    loading = import(require("node:url").pathToFileURL(require.resolve(PLUGIN)).href).then(
      (loaded) => {
        plugin = loaded;
      },
      (importError) => ({ error: importError, requireError: error }),
    );
  }
  return {
    create(info) {
      const log = (message) => info.project.projectService.logger.info(`[tsc2envoy] ${message}`);
      try {
        if (plugin) return plugin.decorateLanguageService(info, typescript);
        // Until the import finishes the editor shows TypeScript's diagnostics only.
        let decorated;
        loading.then((failed) => {
          if (failed) return log(`plugin not loaded: ${failed.error && failed.error.stack}`);
          decorated = plugin.decorateLanguageService(info, typescript);
          info.project.refreshDiagnostics();
        });
        const proxy = Object.create(null);
        for (const key of Object.keys(info.languageService)) {
          proxy[key] = (...args) => (decorated || info.languageService)[key](...args);
        }
        return proxy;
      } catch (error) {
        log(`plugin not enabled: ${error && error.stack}`);
        return info.languageService;
      }
    },
  };
}

module.exports = init;
