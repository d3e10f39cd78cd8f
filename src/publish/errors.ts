/** `--only` (or `PublishOptions.only`) named a renderer the config does not have. */
export class UnknownRendererError extends Error {}

/** The output folder cannot be written: a message that says what to do, not a stack trace. */
export class OutputFolderError extends Error {}
