// Minimal typings for the parts of libmime / libqp used here and in the tests (the packages ship none).
declare module "libmime" {
  interface Libmime {
    decodeWords(str: string): string;
    parseHeaderValue(str: string): { value: string; params: Record<string, string> };
  }
  const libmime: Libmime;
  export default libmime;
}
declare module "libqp" {
  const libqp: { decode(str: string): Buffer };
  export default libqp;
}
