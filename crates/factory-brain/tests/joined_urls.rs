//! A URL joined by `+` from literals and values (`ownersHostname + "owners/" +
//! request.ownerId() + "/pets"`): Spring Petclinic's genai service (spring-petclinic/
//! spring-petclinic-microservices, rebuilt from its public files for the eighth session's
//! real-system measurement) posts to customers-service's `/owners/{ownerId}/pets`, which was read
//! as a call of `/pets` (its last literal alone) and, once a missing operation was looked for
//! among those naming its resource below another, reported as missing.

/// The calls a file's code makes.
fn calls(text: &str) -> Vec<String> {
    let facts = factory_brain::read_file("AIDataProvider.java", text.as_bytes()).expect("reads");
    facts.edges.iter().filter(|edge| edge.kind == "calls").map(|edge| edge.to.clone()).collect()
}

#[test]
fn a_urls_literals_joined_around_values_are_one_path() {
    let text = "public class AIDataProvider {\n    public PetDetails addPetToOwner(AddPetRequest request) {\n        return webClient\n            .post()\n            .uri(ownersHostname + \"owners/\"+request.ownerId()+\"/pets\")\n            .bodyValue(request.pet())\n            .retrieve().bodyToMono(PetDetails.class).block();\n    }\n}\n";
    assert_eq!(calls(text), ["http:POST /owners/{}/pets"]);
}

/// Near miss: a base and one literal, read as before.
#[test]
fn a_base_and_one_literal_is_that_literals_path() {
    let text = "public class OwnersClient {\n    public OwnerDetails add(OwnerRequest request) {\n        return webClient.post().uri(ownersHostname + \"/owners\").bodyValue(request).retrieve().bodyToMono(OwnerDetails.class).block();\n    }\n}\n";
    assert_eq!(calls(text), ["http:POST /owners"]);
}
