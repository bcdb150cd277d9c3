/**
 * The ledger's, case page's and assessment's styles (issue 16). Phones first where it matters: the
 * ledger becomes one card per case (number, badge, status, deadlines) below 700 px, and nothing is
 * wider than the screen.
 */
export const deskViewCss = `
.counters{display:grid;grid-template-columns:repeat(5,minmax(0,1fr));gap:.5em;margin:0 0 .8em}
.counter{background:#fff;border-radius:6px;padding:.5em .7em;text-decoration:none;color:#444;border:2px solid transparent;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.counter strong{display:block;font-size:1.6em;line-height:1.1;color:#222}.counter span{font-size:.9em}
.counter[aria-current]{border-color:#b71c1c}
.counter.overdue.some strong{color:#b71c1c}.counter.dueToday.some strong{color:#b26a00}.counter.doneThisWeek strong{color:#2e7d32}
.ledger-box{background:#fff;border-radius:6px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
table.ledger td.due{min-width:11em}
.due{display:block;white-space:nowrap;font-size:.9em}.due b{font-weight:normal;color:#666}.due em{font-style:normal;margin-left:.3em}
.due.late em{color:#fff;background:#c62828;padding:0 .35em;border-radius:3px}.due.late time{color:#c62828;font-weight:bold}
.due.soon em{color:#5d4000;background:#ffca28;padding:0 .35em;border-radius:3px}
.due.done em{color:#2e7d32}.due.ok em{color:#1b5e20}
td.people{white-space:nowrap}
.case-title{display:flex;flex-wrap:wrap;align-items:center;gap:.4em}.case-title .no{white-space:nowrap}.case-title .status{font-size:.75em;color:#555;font-weight:normal}
.case-grid{display:grid;gap:1em;grid-template-columns:minmax(0,1fr)}
.case-grid>section{min-width:0}.case-grid h2:first-child{margin-top:0}
.clocks{display:flex;flex-wrap:wrap;gap:.4em 1.2em;background:#fff;border-radius:6px;padding:.6em 1em;margin-bottom:.6em}.clocks .due{font-size:1em}
.photos{display:flex;flex-wrap:wrap;gap:.4em;margin:.6em 0}.photos img{width:96px;height:96px;object-fit:cover;border-radius:4px;display:block;background:#eee}
a.tel{white-space:nowrap}
.actions{display:grid;gap:.8em;grid-template-columns:minmax(0,1fr)}
.actions form.primary{border:2px solid #b71c1c}.actions form.secondary{background:#fafafa}
button.secondary{background:#fff;color:#b71c1c;border:1px solid #b71c1c}
button.primary{font-size:1.1em;font-weight:bold;padding:.5em 1.2em}
.actions select{max-width:100%}
.chart-grid{display:grid;gap:1em;grid-template-columns:minmax(0,1fr);margin-top:1em;align-items:start}
.chart-grid .card{background:#fff;border-radius:6px;padding:.6em;min-width:0}.chart-grid .card h2{margin:.2em 0 .4em}
.rate .count{display:block;font-weight:bold}.rate small{display:block;color:#666}
.ranks{display:grid;gap:.8em;grid-template-columns:repeat(auto-fit,minmax(15em,1fr))}
.rank{background:#fff;border-radius:6px;padding:.6em .9em}.rank h3{font-size:1em;margin:0 0 .4em}.rank ol{margin:0;padding-left:1.4em}
.rank li span{margin-right:.5em}
.overdue-list{background:#fff;border-radius:6px;padding:.6em 1em .6em 2em;margin:0}.overdue-list li{padding:.2em 0}.overdue-list b{color:#c62828;font-weight:normal}
.report{background:#fff;padding:1em;border-radius:6px;white-space:pre-wrap;overflow-wrap:anywhere}
.period{color:#555;margin:.2em 0 .6em}
@media (min-width:960px){
.case-grid{grid-template-columns:minmax(0,1.1fr) minmax(0,.9fr)}
.chart-grid{grid-template-columns:repeat(2,minmax(0,1fr))}
}
@media (max-width:700px){
.counters{grid-template-columns:repeat(3,minmax(0,1fr))}
table.ledger,table.ledger tbody{display:block}table.ledger thead{display:none}
table.ledger tr{display:grid;grid-template-columns:auto auto 1fr;gap:.2em .5em;align-items:center;padding:.6em .7em;border-bottom:1px solid #e5e5e5}
table.ledger td{display:block;padding:0;border:0;min-width:0}
table.ledger td.cat,table.ledger td.area,table.ledger td.who,table.ledger td.filed,table.ledger td.people,table.ledger td.desc{display:none}
table.ledger td.no{white-space:nowrap}table.ledger td.st{text-align:right}
table.ledger td.due{grid-column:1/-1;min-width:0}
table.ledger td.due .due{white-space:normal}
}
`;
