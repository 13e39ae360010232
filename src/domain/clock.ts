// The clock as a port: whatever needs the time of a request or a job is given a Clock (tests move it), and
// server/ wires systemClock. Nothing else reads the real time to decide.

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
