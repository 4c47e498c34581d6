/** The one stylesheet of the pages: readable type, AA contrast in light and dark, narrow screens first. */
export const PAGE_CSS = `
:root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fdfdfc;--muted:#4a4a4a;--link:#0a55a6;--line:#d6d6d6;--ok:#0b6121;--bad:#a11616;--wait:#5b4a00}
@media (prefers-color-scheme:dark){:root{--fg:#ececec;--bg:#141414;--muted:#c2c2c2;--link:#8cc4ff;--line:#3a3a3a;--ok:#7fdc96;--bad:#ff9d9d;--wait:#ffd966}}
*{box-sizing:border-box}
body{margin:0;font:1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--link)}
a:focus-visible{outline:3px solid var(--link);outline-offset:2px}
.skip{position:absolute;left:-999px}
.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem}
header,main,footer{max-width:52rem;margin:0 auto;padding:1rem}
header{border-bottom:1px solid var(--line)}
header p{margin:.25rem 0 0}
.site a{font-weight:700;font-size:1.1rem;text-decoration:none}
.site a:hover{text-decoration:underline}
nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;margin:.5rem 0 0;padding:0}
footer{border-top:1px solid var(--line);color:var(--muted);font-size:.9rem}
h1{font-size:1.6rem;line-height:1.25;margin:.25rem 0}
h2{font-size:1.2rem;line-height:1.3;margin:0 0 .25rem}
.topics,.items{list-style:none;padding:0;margin:0}
.topics>li,.items>li{padding:1rem 0;border-bottom:1px solid var(--line)}
.meta{color:var(--muted);font-size:.9rem;margin:.25rem 0}
.others ul{margin:.25rem 0;padding-left:1.25rem;font-size:.9rem}
.publisher{font-style:normal;font-weight:600;color:var(--fg)}
.formats{display:flex;flex-wrap:wrap;gap:.75rem;padding:0;margin:.5rem 0 0;list-style:none}
.summary{margin:.5rem 0 0}
.item.with-thumb{display:grid;grid-template-columns:7rem 1fr;gap:1rem;align-items:start}
.thumb{display:block;width:7rem;height:4.7rem;object-fit:cover;border-radius:4px;background:var(--line)}
search,.search{display:block;margin:1rem 0 .5rem}
.search label{display:block;font-weight:600;margin-bottom:.25rem}
.search div{display:flex;gap:.5rem;max-width:32rem}
.search input{flex:1;min-width:0;font:inherit;padding:.4rem .6rem;color:var(--fg);background:var(--bg);border:1px solid var(--muted);border-radius:4px}
.search button{font:inherit;padding:.4rem .9rem;color:var(--bg);background:var(--link);border:0;border-radius:4px;cursor:pointer}
.search input:focus-visible,.search button:focus-visible{outline:3px solid var(--link);outline-offset:2px}
.empty{margin:1rem 0}
.pager{margin-top:1rem;display:flex;gap:1.5rem}
.filters{display:flex;flex-wrap:wrap;gap:1rem;margin:.5rem 0 1rem}
.table{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{text-align:left;vertical-align:top;padding:.5rem;border-bottom:1px solid var(--line)}
.status{font-weight:600}
.status-ok{color:var(--ok)}
.status-failing,.status-gone{color:var(--bad)}
.status-pending,.status-disabled{color:var(--wait)}
.error{overflow-wrap:break-word;max-width:24rem}
.topics p{margin:.25rem 0}
@media (min-width:40.01rem){td time{white-space:nowrap}}
@media (max-width:40rem){h1{font-size:1.35rem}th,td{padding:.4rem .3rem}
.health thead{position:absolute;left:-9999px}
.health,.health tbody,.health tr,.health th{display:block}
.health tr{padding:.5rem 0;border-bottom:1px solid var(--line)}
.health th,.health td{border:0;padding:.15rem 0;max-width:none}
.health td{display:grid;grid-template-columns:7rem 1fr;gap:.5rem}
.health td::before{content:attr(data-label);color:var(--muted);font-weight:400}
.health caption{display:block;text-align:left}.item.with-thumb{grid-template-columns:4.5rem 1fr;gap:.75rem}.thumb{width:4.5rem;height:3rem}}
`;
