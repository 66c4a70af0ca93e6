// Deterministic RDF output for the platform's linked-data exports (DCAT-AP in opendata/dcat.ts,
// CPSV-AP in services/cpsv.ts): quads sorted, Turtle with given prefixes through
// the n3 Writer, and compact JSON-LD with an inline @context (prefixes only, nothing fetched ever),
// written directly so that production needs no JSON-LD processor.
import type { Quad, Term } from 'n3';
import { DataFactory, Writer } from 'n3';

const { namedNode, quad } = DataFactory;
type Lit = ReturnType<typeof DataFactory.literal>;

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

/** A set of quads without repeats, built one triple at a time. */
export class QuadSet {
  readonly quads: Quad[] = [];
  private readonly seen = new Set<string>();

  add(s: string, p: string, o: Term): void {
    const lit = o.termType === 'Literal' ? `${(o as Lit).language}|${(o as Lit).datatype.value}` : '';
    const key = `${s} ${p} ${o.termType}:${o.value}:${lit}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.quads.push(quad(namedNode(s), namedNode(p), o as Quad['object']));
  }

  type(s: string, cls: string): void {
    this.add(s, RDF_TYPE, namedNode(cls));
  }
}

/** Quads in a fixed order (subject, predicate, object), so the same data gives the same bytes. */
export function sortedQuads(quads: readonly Quad[]): Quad[] {
  const key = (q: Quad) => `${q.subject.value}\u0000${q.predicate.value}\u0000${q.object.termType}\u0000${q.object.value}\u0000${q.object.termType === 'Literal' ? `${(q.object as Lit).language}|${(q.object as Lit).datatype.value}` : ''}`;
  return [...quads].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
}

function written(quads: readonly Quad[], w: Writer): string {
  w.addQuads(sortedQuads(quads));
  let out = '';
  w.end((err, result: string) => {
    if (err) throw err;
    out = result;
  });
  return out;
}

/** Turtle with the given prefixes. */
export function turtleOf(quads: readonly Quad[], prefixes: Record<string, string>): string {
  return written(quads, new Writer({ prefixes }));
}

/** N-Quads, sorted (for comparing two graphs triple by triple). */
export function nquadsOf(quads: readonly Quad[]): string {
  return written(quads, new Writer({ format: 'N-Quads' }));
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * Compact JSON-LD: a @graph of nodes (one per subject, by IRI), keys in a fixed order (@id, @type,
 * then properties alphabetically), types, properties and datatypes as compact IRIs of `context`
 * (prefix → namespace), node references as absolute IRIs. Reads back to exactly the same triples.
 */
export function jsonLdOf(quads: readonly Quad[], context: Record<string, string>): Record<string, unknown> {
  const compact = (iri: string): string => {
    let best: [string, string] | null = null;
    for (const [p, ns] of Object.entries(context)) if (iri.startsWith(ns) && iri.length > ns.length && (!best || ns.length > best[1].length)) best = [p, ns];
    // a local part that would not read back as a compact IRI stays absolute
    return best && /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(iri.slice(best[1].length)) ? `${best[0]}:${iri.slice(best[1].length)}` : iri;
  };
  const nodes = new Map<string, { types: string[]; props: Map<string, Json[]> }>();
  for (const q of sortedQuads(quads)) {
    let n = nodes.get(q.subject.value);
    if (!n) nodes.set(q.subject.value, (n = { types: [], props: new Map() }));
    if (q.predicate.value === RDF_TYPE && q.object.termType === 'NamedNode') {
      n.types.push(compact(q.object.value));
      continue;
    }
    let v: Json;
    if (q.object.termType === 'Literal') {
      const lit = q.object as Lit;
      if (lit.language) v = { '@language': lit.language, '@value': lit.value };
      else if (lit.datatype.value !== XSD_STRING) v = { '@type': compact(lit.datatype.value), '@value': lit.value };
      else v = lit.value;
    } else {
      v = { '@id': q.object.value };
    }
    const k = compact(q.predicate.value);
    n.props.set(k, [...(n.props.get(k) ?? []), v]);
  }
  const graph: Json[] = [...nodes.keys()].sort().map((id) => {
    const n = nodes.get(id)!;
    const o: { [k: string]: Json } = { '@id': id };
    if (n.types.length) o['@type'] = n.types.length === 1 ? n.types[0]! : [...n.types].sort();
    for (const k of [...n.props.keys()].sort()) {
      const vs = n.props.get(k)!;
      o[k] = vs.length === 1 ? vs[0]! : vs;
    }
    return o;
  });
  return { '@context': { ...context }, '@graph': graph };
}
