// Demo data of the service catalogue (development only, loaded by src/dev): ELVL's templates
// (templates.ts), and in Tallinn (0784) and Tartu (0793) about eight published services each,
// adopted from the templates and adapted (units, owners, channels, costs, process steps), one with a
// BPMN diagram, and one draft each. A service-owner role in Tallinn for a demo person.
export {};

/** A small BPMN 2.0 process: a start, the tasks in order (each in its lane), an end. */
export function sampleBpmn(tasks: { name: string; lane: string }[], processName = 'Protsess'): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const ids = tasks.map((_, i) => `Task_${i + 1}`);
  const flow = ['Start', ...ids, 'End'];
  const lanes = [...new Set(tasks.map((t) => t.lane))];
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs" targetNamespace="https://vallamaja.ee/bpmn">
  <bpmn:process id="Process_1" name="${esc(processName)}" isExecutable="false">
    <bpmn:laneSet id="LaneSet_1">
${lanes.map((l, i) => `      <bpmn:lane id="Lane_${i + 1}" name="${esc(l)}">\n${tasks.map((t, j) => (t.lane === l ? `        <bpmn:flowNodeRef>${ids[j]}</bpmn:flowNodeRef>\n` : '')).join('')}      </bpmn:lane>`).join('\n')}
    </bpmn:laneSet>
    <bpmn:endEvent id="End" />
${tasks.map((t, i) => `    <bpmn:userTask id="${ids[i]}" name="${esc(t.name)}" />`).reverse().join('\n')}
    <bpmn:startEvent id="Start" />
${flow.slice(1).map((to, i) => `    <bpmn:sequenceFlow id="Flow_${i + 1}" sourceRef="${flow[i]}" targetRef="${to}" />`).join('\n')}
  </bpmn:process>
</bpmn:definitions>
`;
}

/** A small draw.io file. */
export function sampleDrawio(label = 'Taotlus'): string {
  return `<mxfile host="app.diagrams.net"><diagram id="d1" name="Lehekülg 1"><mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/><mxCell id="2" value="${label}" vertex="1" parent="1"><mxGeometry x="10" y="10" width="120" height="60" as="geometry"/></mxCell></root></mxGraphModel></diagram></mxfile>\n`;
}
