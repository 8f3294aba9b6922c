// Minimal typings for the parts of libmime / libqp used here and in the tests (the packages ship none).
declare module "libmime" {
  interface Libmime {
    decodeWords(str: string): string;
    /** One encoded word's text; decodeWords decodes each word through it. */
    decodeWord(charset: string, encoding: string, str: string): string;
    parseHeaderValue(str: string): { value: string; params: Record<string, string> };
  }
  /** The instance, which also carries its class. */
  const libmime: Libmime & { Libmime: new () => Libmime };
  export default libmime;
}
declare module "libqp" {
  const libqp: { decode(str: string): Buffer };
  export default libqp;
}
