import type pg from "pg";

/**
 * Runs `work` in a transaction on a client of `pool` (BEGIN … COMMIT, ROLLBACK on an error). A
 * checked-out client whose connection drops between two queries emits 'error'; unheard, that would
 * end the process, so it is heard here (the next query fails with it anyway) and the client is
 * dropped on release rather than handed to the next query.
 */
export async function inPgTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => (broken = err);
  client.on("error", onError);
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch((rollback: unknown) => (broken = rollback as Error));
    throw err;
  } finally {
    client.off("error", onError);
    client.release(broken);
  }
}
