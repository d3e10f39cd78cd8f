/** Orders strings by their UTF-16 code units: the same on every machine, where `localeCompare` follows the machine's locale (`LANG`). */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
