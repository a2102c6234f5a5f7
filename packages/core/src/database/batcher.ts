/**
 * Gathers calls made at the same time into one piece of set-based work (one query for many rows instead of one query
 * each). A call made while no batch is running starts one at once, with whatever else was called in the same tick;
 * calls made while a batch runs wait for it and go together in the next. So an idle process adds no delay, and a busy
 * one makes fewer, larger batches the busier it is.
 *
 * `run` gets the keys of a batch and answers with one value per key, in their order. When a batch of several fails,
 * each of its calls is run alone, so that one bad call fails by itself and the rest go on.
 */
export class Batcher<K, V> {
  private waiting: { key: K; resolve: (value: V) => void; reject: (error: unknown) => void }[] = [];
  private running = false;

  constructor(
    private readonly run: (keys: K[]) => Promise<V[]>,
    private readonly maxSize = 100,
  ) {}

  load(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      this.waiting.push({ key, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    // Lets the calls of the same tick join the first batch.
    await Promise.resolve();
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxSize);
      try {
        const values = await this.run(batch.map((call) => call.key));
        batch.forEach((call, index) => call.resolve(values[index]));
      } catch (error) {
        if (batch.length === 1) batch[0].reject(error);
        else await Promise.all(batch.map((call) => this.run([call.key]).then(([value]) => call.resolve(value), call.reject)));
      }
    }
    this.running = false;
  }
}
