"""factory_boy factories shared by the test suite."""

import factory
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from trustportal.accounts.models import Agency, User

PASSWORD = "correct-horse-battery-9"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("ori",)

    name = factory.Sequence(lambda n: f"Town {n} Police Department")
    ori = factory.Sequence(lambda n: f"CT{n:07d}")
    kind = Agency.Kind.MUNICIPAL_POLICE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"officer{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    agency = factory.SubFactory(AgencyFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))
        if create:
            self.save()


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "Authenticator app"
    confirmed = True


# --- case data -------------------------------------------------------------------------
import datetime as dt  # noqa: E402

from django.utils import timezone  # noqa: E402

from cases import models as cm  # noqa: E402


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Person

    agency = factory.SubFactory(AgencyFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    date_of_birth = dt.date(1990, 5, 17)
    sex = cm.Sex.MALE
    citizenship = "Mexico"
    a_number = factory.Sequence(lambda n: f"A{200000000 + n:09d}")


class CustodyCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.CustodyCase

    person = factory.SubFactory(PersonFactory)
    agency = factory.SelfAttribute("person.agency")
    booking_number = factory.Sequence(lambda n: f"B{26000 + n}")
    booked_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=6))
    facility = "Central lock-up"
    arresting_officer = "Ofc. Rivera"


class ChargeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Charge

    case = factory.SubFactory(CustodyCaseFactory)
    statute = "53a-60"
    description = "Assault in the second degree"
    status = cm.ChargeStatus.PENDING


class ConvictionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Conviction

    person = factory.SubFactory(PersonFactory)
    statute = "53a-55"
    description = "Manslaughter in the first degree"
    convicted_on = dt.date(2015, 3, 4)
    jurisdiction = cm.Jurisdiction.CT


class DetainerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Detainer

    case = factory.SubFactory(CustodyCaseFactory)
    received_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=2))
    form = cm.DetainerForm.I247A
    issued_on = factory.LazyFunction(lambda: timezone.localdate())
    issuing_office = "ERO Hartford"
    pc_final_order = True


class DetainerDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.DetainerDocument

    detainer = factory.SubFactory(DetainerFactory)
    kind = cm.DocumentKind.ADMINISTRATIVE_WARRANT
    form = "I-205"
    signed_by = "Supervisory Detention and Deportation Officer"
