/** Why an HTTP task's request did not happen or did not finish: the message is shown to the flow's author. */
export class HttpClientError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HttpClientError";
  }
}
