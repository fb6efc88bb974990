#include "core/model.h"

namespace newsd {

const char* EntityTypeName(EntityType t) {
  switch (t) {
    case EntityType::kPerson:
      return "PERSON";
    case EntityType::kOrg:
      return "ORG";
    case EntityType::kLoc:
      return "LOC";
  }
  return "?";
}

}  // namespace newsd
