export default async function globalTeardown() {
  await globalThis.__HERALD_FAUXQS__?.stop();
  await new Promise((resolve) => (globalThis.__HERALD_DYNALITE__ ? globalThis.__HERALD_DYNALITE__.close(() => resolve()) : resolve()));
}
