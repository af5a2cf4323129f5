"""One construct per concern: data, auth, layer (bundling), functions, api, jobs, stream, observability."""
