/**
 * The server's time, as well as this page knows it. A device's clock can be minutes or hours
 * off (set by hand, a wrong time zone, a flat clock battery); the server tells its time whenever
 * a connection opens, and whatever the client stamps or compares with the server's times goes
 * by this instead. Before the first connection (opened offline, from the cache) it is the
 * device's clock.
 */
export class ServerClock {
  private offsetMs = 0;

  /** The server's time a moment ago, from a message that has just arrived (off by its travel time at most). */
  observe(serverNow: number): void {
    this.offsetMs = serverNow - Date.now();
  }

  now(): number {
    return Date.now() + this.offsetMs;
  }
}
