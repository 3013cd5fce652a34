"""HTTP plumbing every resource's handlers share: strict input (`requests`), proto3 answers
(`render`), errors in the service's shape (`errors`), signed page tokens and listing pages
(`paging`)."""
