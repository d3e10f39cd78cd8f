/** A file a config imports, which throws as it is imported: the config's message points here. */
export const region: string = process.env.EDITIONS_NO_SUCH_REGION ?? JSON.parse('{"region": }').region;
