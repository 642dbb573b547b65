// A minimal publish/subscribe helper: the store announces what changed, views listen for their part.
export class Emitter {
  #listeners = new Map();

  on(topic, fn) {
    if (!this.#listeners.has(topic)) this.#listeners.set(topic, new Set());
    this.#listeners.get(topic).add(fn);
    return () => this.#listeners.get(topic).delete(fn);
  }

  emit(topic, detail) {
    for (const fn of this.#listeners.get(topic) ?? []) fn(detail);
  }
}
