export default async function globalTeardown() {
  await globalThis.__HERALD_FAUXQS__?.stop();
}
