# Every triple of a named graph once more in the default graph, the union.
INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }
