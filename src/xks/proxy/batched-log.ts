// The proxy's log lines, written in batches: every line of one turn of the event loop goes out in a single write, so
// that under load the log costs one system call per turn rather than one per request (stdout to a pipe is a
// synchronous write on Linux). `flush()` writes what is pending at once (before the process exits).

export interface BatchedLog {
  line(text: string): void;
  flush(): void;
}

export function batchedLog(write: (text: string) => void): BatchedLog {
  let pending: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = `${pending.join('\n')}\n`;
    pending = [];
    write(text);
  };
  return {
    line(text) {
      pending.push(text);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
