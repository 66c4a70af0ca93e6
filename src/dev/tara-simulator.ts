export async function createTaraSimulator(_o: unknown): Promise<{ handler: import('node:http').RequestListener }> { throw new Error('todo'); }
