/** A type (or class shape) with no representation: lowering reports it as TSE2002 where it is used. */
export class TypeError_ extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}
